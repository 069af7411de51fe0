#!/usr/bin/env bash
# validate.sh FILE — checks a SARIF log against the SARIF 2.1.0 JSON schema.
#
# The schema is the one Microsoft's SARIF SDK publishes on npm in
# @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json, draft-04, the
# 2.1.0 schema as released); ajv 6, that package's own dependency, validates
# with every error reported and formats (uri, date-time) checked. Both are
# installed once, pinned, into build/sarif-tools from the npm registry.
#
# Prints "ok" and exits 0, or prints one line per error and exits 1.
# Exits 77 (the automake "skip" code) when node/npm or the package is missing
# and cannot be installed.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 FILE.sarif" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$root/build/sarif-tools
pkg=@microsoft/jest-sarif@1.0.0-beta.0
schema=$tools/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json

install_tools() {
    command -v node >/dev/null && command -v npm >/dev/null || {
        echo "skip: node and npm are needed (scripts/deps.sh installs them)"
        exit 77
    }
    mkdir -p "$tools"
    if ! npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error \
        "$pkg" > "$tools/install.log" 2>&1; then
        echo "skip: could not install $pkg (see $tools/install.log)"
        exit 77
    fi
}

[ -f "$schema" ] && [ -f "$tools/node_modules/ajv/package.json" ] || install_tools

node - "$tools" "$schema" "$1" <<'JS'
const fs = require('fs');
const [tools, schemaPath, file] = process.argv.slice(2);
const Ajv = require(tools + '/node_modules/ajv');
const ajv = new Ajv({schemaId: 'id', allErrors: true, format: 'full', logger: false});
ajv.addMetaSchema(require(tools + '/node_modules/ajv/lib/refs/json-schema-draft-04.json'));
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
let log;
try {
    log = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
    console.log(`${file}: not JSON: ${e.message}`);
    process.exit(1);
}
if (ajv.validate(schema, log)) {
    console.log('ok');
    process.exit(0);
}
for (const e of ajv.errors)
    console.log(`${file}: ${e.dataPath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
process.exit(1);
JS
