/** The screen the hash names ('' → 'phone'), kept current: for parts that change with the screen. */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export function useHashView(): Ref<string> {
  const read = (): string => location.hash.replace('#', '') || 'phone';
  const view = ref(read());
  const onHash = (): void => {
    view.value = read();
  };
  onMounted(() => window.addEventListener('hashchange', onHash));
  onBeforeUnmount(() => window.removeEventListener('hashchange', onHash));
  return view;
}
