/**
 * Everything the topology panel draws with, in one module the panel loads only when it is
 * first opened, so pages whose learners never open it do not download it.
 */
export { describeInterface, topologySummary } from './describe.ts';
export { changeSentence, describeChanges } from './diff.ts';
export { layoutTopology } from './layout.ts';
export { buildTopology } from './model.ts';
export { renderTopologySvg } from './render-svg.ts';
export { renderDetails, renderTopologyText } from './render-text.ts';
export { loadTarget } from './targets.ts';
export { TopologyReader } from './reader.ts';
