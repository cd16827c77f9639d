/** Whether the backing services answer: what a load balancer or an operator asks first. */
import type { JobQueue, ObjectStore } from './ports.ts';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  storage: 'ok' | 'unreachable';
  queue: 'ok' | 'unreachable';
}

export async function checkHealth(deps: {
  store: ObjectStore;
  queue: JobQueue;
  settings: { distributionBucket: string };
}): Promise<HealthReport> {
  const [storage, queue] = await Promise.all([
    deps.store.ping(deps.settings.distributionBucket).then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    ),
    deps.queue.ping().then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    ),
  ]);
  return { status: storage === 'ok' && queue === 'ok' ? 'ok' : 'unavailable', storage, queue };
}
