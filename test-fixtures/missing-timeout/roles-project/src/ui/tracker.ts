// A tracker script for web pages: the DOM comes in through the window it is invoked with.
((window: Window & typeof globalThis) => {
  const { location } = window;
  void fetch(`${location.origin}/api/send`, { method: 'POST', body: JSON.stringify({ url: location.href }) });
})(window);
