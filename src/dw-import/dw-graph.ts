// Reads the node graph of a Data Wrangler .flow and orders it. Nodes are stored in any order; the order is
// given by each node's `inputs[].node_id` edges. A native flow is one linear chain, so the graph must be a
// chain from one SOURCE to at most one DESTINATION: joins, concats and branches fail naming the node.
import { DataWranglerImportError, type DwNodeRef } from './dw-errors.ts';

export interface DwNode {
  nodeId: string;
  type: string;
  operator: string;
  name?: string;
  parameters: Record<string, unknown>;
  trainedParameters?: Record<string, unknown>;
  /** Upstream node ids, in the order of `inputs`. */
  inputs: string[];
  /** Raw `outputs` entries (the source's preview sampling lives there). */
  outputs: unknown[];
}

/** Node types that only display things (analyses, charts): they change no data. */
const DISPLAY_ONLY_TYPES = new Set(['VISUALIZATION', 'ANALYSIS']);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function nodeRef(n: DwNode): DwNodeRef {
  return { nodeId: n.nodeId, operator: n.operator, name: n.name };
}

/** True when `dw` looks like a Data Wrangler flow (what loadFlow checks before calling the converter). */
export function isDataWranglerFlow(dw: unknown): boolean {
  return isRecord(dw) && isRecord(dw.metadata) && Array.isArray(dw.nodes);
}

export function readNodes(dw: unknown, file: string): DwNode[] {
  if (!isDataWranglerFlow(dw)) {
    throw new DataWranglerImportError(file, 'not a Data Wrangler flow: expected a JSON object with "metadata" and a "nodes" array');
  }
  const raw = (dw as { nodes: unknown[] }).nodes;
  const nodes: DwNode[] = [];
  const seen = new Set<string>();
  raw.forEach((n, i) => {
    if (!isRecord(n) || typeof n.node_id !== 'string' || n.node_id === '') {
      throw new DataWranglerImportError(file, `nodes[${i}] has no "node_id"`);
    }
    const operator = typeof n.operator === 'string' ? n.operator : '';
    const params = isRecord(n.parameters) ? n.parameters : {};
    const ref = { nodeId: n.node_id, operator: operator || '(no operator)' };
    if (!operator) throw new DataWranglerImportError(file, 'has no "operator"', ref);
    if (seen.has(n.node_id)) throw new DataWranglerImportError(file, 'node_id appears twice in the flow', ref);
    seen.add(n.node_id);
    const inputs: string[] = [];
    const rawInputs = n.inputs === undefined ? [] : n.inputs;
    if (!Array.isArray(rawInputs)) throw new DataWranglerImportError(file, '"inputs" is not an array', ref);
    rawInputs.forEach((e, k) => {
      if (!isRecord(e) || typeof e.node_id !== 'string') {
        throw new DataWranglerImportError(file, `inputs[${k}] has no "node_id" edge`, ref);
      }
      inputs.push(e.node_id);
    });
    nodes.push({
      nodeId: n.node_id,
      type: typeof n.type === 'string' ? n.type : '',
      operator,
      name: typeof params.name === 'string' ? params.name : typeof n.name === 'string' ? n.name : undefined,
      parameters: params,
      trainedParameters: isRecord(n.trained_parameters) ? n.trained_parameters : undefined,
      inputs,
      outputs: Array.isArray(n.outputs) ? n.outputs : [],
    });
  });
  return nodes;
}

/**
 * Orders the nodes source → sink (Kahn's algorithm), failing on a missing edge target, a cycle, no source,
 * several sources, a join or a branch. Display-only nodes (analyses) are returned separately: they are reported
 * as dropped, never silently.
 */
export function orderChain(nodes: DwNode[], file: string): { chain: DwNode[]; displayOnly: DwNode[] } {
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  for (const n of nodes) {
    for (const id of n.inputs) {
      if (!byId.has(id)) {
        throw new DataWranglerImportError(file, `input edge points to node ${id}, which is not in the flow`, nodeRef(n));
      }
    }
  }
  // Topological order over the whole graph first, so a cycle is reported as such (not as "no source").
  const indegree = new Map(nodes.map((n) => [n.nodeId, n.inputs.length]));
  const children = new Map<string, DwNode[]>(nodes.map((n) => [n.nodeId, []]));
  for (const n of nodes) for (const id of n.inputs) children.get(id)!.push(n);
  const queue = nodes.filter((n) => n.inputs.length === 0);
  const order: DwNode[] = [];
  while (queue.length) {
    const n = queue.shift()!;
    order.push(n);
    for (const c of children.get(n.nodeId)!) {
      const d = indegree.get(c.nodeId)! - 1;
      indegree.set(c.nodeId, d);
      if (d === 0) queue.push(c);
    }
  }
  if (order.length < nodes.length) {
    const stuck = nodes.filter((n) => indegree.get(n.nodeId)! > 0);
    const cycle = findCycle(stuck, byId);
    const first = byId.get(cycle[0])!;
    throw new DataWranglerImportError(
      file,
      `its input edges form a cycle: ${cycle.map((id) => `${id} (${byId.get(id)!.operator})`).join(' -> ')} -> ${cycle[0]}`,
      nodeRef(first),
    );
  }

  const displayOnly = order.filter((n) => DISPLAY_ONLY_TYPES.has(n.type) && children.get(n.nodeId)!.length === 0);
  const dataNodes = order.filter((n) => !displayOnly.includes(n));
  const sources = dataNodes.filter((n) => n.inputs.length === 0);
  if (sources.length === 0) throw new DataWranglerImportError(file, 'the flow has no SOURCE node (a node without inputs)');
  for (const s of sources) {
    if (s.type !== 'SOURCE' && !s.operator.includes('source')) {
      throw new DataWranglerImportError(file, 'has no input edge but is not a SOURCE node', nodeRef(s));
    }
  }
  if (sources.length > 1) {
    throw new DataWranglerImportError(
      file,
      `the flow has ${sources.length} SOURCE nodes (${sources.map((s) => s.nodeId).join(', ')}); a native flow reads one source (join/concat of datasets is not supported)`,
      nodeRef(sources[1]),
    );
  }
  // Walk the single chain; any node with two inputs (join) or two data children (branch) stops the import.
  const chain: DwNode[] = [];
  let cur: DwNode | undefined = sources[0];
  while (cur) {
    if (cur.inputs.length > 1) {
      throw new DataWranglerImportError(file, `has ${cur.inputs.length} inputs (join/concat); a native flow is a single chain`, nodeRef(cur));
    }
    chain.push(cur);
    const next: DwNode[] = children.get(cur.nodeId)!.filter((c) => !displayOnly.includes(c));
    if (next.length > 1) {
      throw new DataWranglerImportError(
        file,
        `its output feeds ${next.length} nodes (${next.map((c) => c.nodeId).join(', ')}); a native flow is a single chain, export one branch`,
        nodeRef(cur),
      );
    }
    cur = next[0];
  }
  const unreached = dataNodes.filter((n) => !chain.includes(n));
  if (unreached.length) {
    throw new DataWranglerImportError(file, 'is not connected to the source chain', nodeRef(unreached[0]));
  }
  return { chain, displayOnly };
}

/** One cycle among nodes that never reached indegree 0: follow input edges until a node repeats. */
function findCycle(stuck: DwNode[], byId: Map<string, DwNode>): string[] {
  const stuckIds = new Set(stuck.map((n) => n.nodeId));
  const path: string[] = [];
  const pos = new Map<string, number>();
  let cur = stuck[0].nodeId;
  while (!pos.has(cur)) {
    pos.set(cur, path.length);
    path.push(cur);
    const next = byId.get(cur)!.inputs.find((id) => stuckIds.has(id));
    if (next === undefined) break;
    cur = next;
  }
  // `path` follows input edges (child -> parent); reverse so the message reads in data-flow direction.
  const cycle = pos.has(cur) ? path.slice(pos.get(cur)) : path;
  return cycle.reverse();
}
