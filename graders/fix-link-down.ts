import { labGrader } from './lib/troubleshooting-lab.ts';

export default labGrader({ exercise: 'fix-link-down' });
