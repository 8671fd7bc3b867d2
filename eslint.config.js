const js = require("@eslint/js");
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            "@cdktf/provider-azuread",
            "@cdktf/provider-azurerm",
            "@cdktf/provider-time",
            "@cdktf/provider-random",
          ].map((name) => ({
            name,
            message: `Import the resource from ${name}/lib/<resource>: the package index loads every resource class.`,
          })),
        },
      ],
    },
  },
);
