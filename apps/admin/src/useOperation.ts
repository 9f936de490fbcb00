// Runs a lifecycle request with ?async=true and follows its progress events.
import { computed, ref } from 'vue';
import { useServices } from './services';
import { followOperation } from './api/operations';
import type { Started } from './api/hub';
import type { OperationResult, ProgressEvent } from './api/types';

export function useOperation() {
  const { client } = useServices();
  const running = ref(false);
  const events = ref<ProgressEvent[]>([]);
  const error = ref<unknown>(null);
  const result = ref<OperationResult | undefined>();
  const done = ref(false);

  const percent = computed(() => {
    if (done.value) return 100;
    const last = [...events.value].reverse().find((e) => e.steps);
    if (!last?.steps) return events.value.length ? 10 : 0;
    return Math.min(99, Math.round((((last.step ?? 0) + (last.phase === 'done' ? 1 : 0.5)) / last.steps) * 100));
  });

  async function run(start: () => Promise<Started>): Promise<boolean> {
    running.value = true;
    done.value = false;
    error.value = null;
    events.value = [];
    result.value = undefined;
    try {
      const started = await start();
      if (started.result) result.value = started.result;
      else result.value = await followOperation(client, started.operationId, { onEvent: (e) => events.value.push(e) });
      done.value = true;
      return true;
    } catch (e) {
      error.value = e;
      return false;
    } finally {
      running.value = false;
    }
  }

  function reset() {
    running.value = false; done.value = false; error.value = null; events.value = []; result.value = undefined;
  }

  return { running, events, error, result, done, percent, run, reset };
}
