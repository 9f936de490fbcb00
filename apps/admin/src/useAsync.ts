import { ref, shallowRef, type Ref } from 'vue';

/** A value loaded by an async function, with loading and error states (no blank screens). */
export function useAsync<T>(fn: () => Promise<T>) {
  const data = shallowRef<T | undefined>() as Ref<T | undefined>;
  const loading = ref(false);
  const error = ref<unknown>(null);
  let seq = 0;
  async function run() {
    const mine = ++seq;
    loading.value = true;
    try {
      const v = await fn();
      if (mine === seq) { data.value = v; error.value = null; }
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  return { data, loading, error, run };
}
