// `npm run bench`: each line prints a time and its ratio to a baseline measured in the same run.
import { benchCheck } from './check';
import { benchCluster } from './cluster';
import { benchFastYaml } from './fast-yaml';
import { benchHash } from './hash';
import { benchSchema } from './schema';

benchCheck();
console.log('');
benchFastYaml();
console.log('');
benchSchema();
console.log('');
benchHash();
console.log('');
benchCluster();
