// Values set by script, as sign-in pages and password managers do (kept out of the HTML so a
// test can tell whether a field's value leaked into what the extension sent).
document.getElementById('password').value = ['correct', 'horse', 'battery', 'staple'].join(' ');
document.getElementById('card').value = ['4111', '1111', '1111', '1111'].join(' ');
document.getElementById('draft').value =
  'First paragraph: every word here is about the weather.\n' +
  'Second paragraph: nothing to see.\n' +
  'Third paragraph: this word is the one selected.';
