// The security-key screens. django-otp-webauthn's script asks `gettext` for its English
// texts: answer with the page's own translations (read from the page, not inline: the
// Content-Security-Policy allows no inline script). Once a key is added, go on to the
// recovery codes (a POST with the page's CSRF token).
(() => {
  const texts = JSON.parse(document.getElementById("convene-key-texts").textContent);
  const fallback = window.gettext;
  window.gettext = (text) => texts[text] || (fallback ? fallback(text) : text);
  document.addEventListener("otp_webauthn.register_complete", () => {
    const next = document.getElementById("convene-after-key");
    if (next) next.submit();
  });
})();
