// The outdated-edition banner links to the same page in the latest edition,
// or to its home when that page no longer exists. Without JavaScript the link
// still goes to the latest edition's home.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-vmv-latest]");
  if (!link) return;
  event.preventDefault();
  const editionRoot = new URL(link.dataset.vmvBase.replace(/\/?$/, "/"), location.href);
  const latestRoot = new URL("../latest/", editionRoot);
  const page = location.pathname.startsWith(editionRoot.pathname)
    ? location.pathname.slice(editionRoot.pathname.length)
    : "";
  const samePage = new URL(page, latestRoot);
  let target = latestRoot;
  try {
    const answer = await fetch(samePage, { method: "HEAD" });
    if (answer.ok) target = samePage;
  } catch (error) {
    // Offline or refused: the latest edition's home is still right.
  }
  location.href = target.href;
});
