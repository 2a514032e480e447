import { labGrader } from './troubleshooting-lab.ts';

export default labGrader({ exercise: 'fix-return-route' });
