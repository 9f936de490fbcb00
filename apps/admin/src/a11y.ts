// naive-ui's NCard (and NDrawer) header is role="heading" without aria-level, twice nested: screen
// readers then announce no level and axe counts a critical violation. Until naive-ui sets it, the
// shell mends every such node in the document, its own and module views' alike: the outer one
// loses the role, the inner one gets a level.
export function mendHeadings(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[role="heading"]:not([aria-level])')) {
    if (el.querySelector('[role="heading"]')) el.removeAttribute('role');
    else el.setAttribute('aria-level', '3');
  }
}

export function watchHeadings(target: Node = document.body): () => void {
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; mendHeadings(); });
  });
  observer.observe(target, { childList: true, subtree: true });
  mendHeadings();
  return () => observer.disconnect();
}
