/** /topology/<id>.json: an exercise's target topology, built from its recorded solution at build time. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { targetIds, targetTopology } from '../../topology/target-recordings.ts';

export const getStaticPaths = (() => targetIds().map((id) => ({ params: { id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(targetTopology(params.id!)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
