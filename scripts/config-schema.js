// `npm run config-schema`: writes corso.config.schema.json from the zod schema in lib/app/config-schema.ts.
const fs = require("node:fs");
const path = require("node:path");
const { build, isFresh } = require("./build");

const root = path.resolve(__dirname, "..");
if (!isFresh()) build();
const { corsoConfigJsonSchema } = require(path.join(root, "dist/lib/app/config-schema"));
fs.writeFileSync(path.join(root, "corso.config.schema.json"), `${JSON.stringify(corsoConfigJsonSchema(), null, 2)}\n`);
process.stdout.write("wrote corso.config.schema.json\n");
