// Saves through the desk's own format code (desk/keep.js), as Decap CMS calls it: read the file,
// change the entry's data, write it. Reads [{text, frontMatter, path, value}] as JSON on stdin
// (path: the keys down to the edited value), writes the saved texts as JSON on stdout.
import { keepingFormat } from "../../desk/keep.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const out = JSON.parse(input).map(({ text, frontMatter, path, value }) => {
  const format = keepingFormat(frontMatter);
  const data = format.fromFile(text);
  let parent = data;
  path.slice(0, -1).forEach(key => { parent = parent[key]; });
  parent[path[path.length - 1]] = value;
  return format.toFile(data);
});
process.stdout.write(JSON.stringify(out));
