/** A number's link opens the collapsed source text it points into and scrolls to the line. */
function reveal() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  const details = target?.closest('details');
  if (details && !details.open) details.open = true;
  target?.scrollIntoView({ block: 'center' });
}
window.addEventListener('hashchange', reveal);
reveal();
