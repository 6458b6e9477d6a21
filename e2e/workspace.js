// The workspace the editor tests open: Kubeplan's own fixtures, plus kiamol chapter 6 copied
// into kiamol-ch06/ from the shared corpus when this machine has it (corpus files are never
// kept in the tree).
const fs = require('node:fs');
const path = require('node:path');

const CORPUS = process.env.KUBEPLAN_CORPUS || '/work/shared/corpus/kiamol/ch06';

/** Fills `dir`; returns whether the chapter 6 manifests are in it. */
function prepareWorkspace(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(__dirname, 'fixture'), dir, { recursive: true });
  if (!fs.existsSync(path.join(CORPUS, 'pi/web/web.yaml'))) {
    console.log(`# note: ${CORPUS} is absent; the checks that need kiamol chapter 6 are skipped`);
    return false;
  }
  fs.cpSync(CORPUS, path.join(dir, 'kiamol-ch06'), { recursive: true });
  return true;
}

module.exports = { prepareWorkspace, CORPUS };
