// Sets the author the way single-page sites do, after the HTML arrived: only a capture of the
// page as scripts left it (document.documentElement.outerHTML) carries this meta tag.
const meta = document.createElement('meta');
meta.name = 'author';
meta.content = 'Stowe Boyd';
document.head.append(meta);
