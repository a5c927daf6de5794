// Tests run what DevTools would upload: build the cloud functions and miniprogram_npm once.
const { buildFunctions, packMiniprogramNpm } = require('../../scripts/build');

module.exports = async () => {
  if (global.__built) return;
  global.__built = true;
  await buildFunctions();
  await packMiniprogramNpm();
};
