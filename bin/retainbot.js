#!/usr/bin/env node
// The package bin: the compiled CLI (`npm install` builds dist/; `npm run build` rebuilds it).
await import("../dist/cli/main.js");
