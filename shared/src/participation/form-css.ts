/**
 * Styles of the participation forms (GOV.UK error pattern), inlined on the pages that have a form
 * — the site's petition pages and the CMS-rendered pages — so other pages do not carry them.
 */
export const formCss = [
  '.form{margin:1rem 0 2rem}',
  '.field{margin:0 0 1.25rem}',
  '.field input[type=text],.field input[type=email],.field input[type=tel],.field textarea{width:100%;max-width:24rem}',
  'textarea{font:inherit;padding:.4rem .5rem;border:2px solid #1b1b1b;border-radius:0}',
  '.field-error{border-left:5px solid #b00020;padding-left:.75rem}',
  '.error-message{color:#b00020;font-weight:700;margin:0 0 .25rem}',
  '.field-error input{border-color:#b00020}',
  '.error-summary{border:5px solid #b00020;padding:1rem;margin:0 0 1.5rem}',
  '.error-summary:focus{outline:3px solid #ffd400}',
  '.error-summary h2{margin-top:0}',
  '.error-summary a{color:#b00020;font-weight:700}',
  'fieldset{border:0;padding:0;margin:0 0 1.25rem}',
  'legend{font-weight:700;font-size:1.1rem;padding:0}',
  '.check{display:flex;gap:.6rem;align-items:flex-start;font-weight:400}',
  '.check input{width:1.6rem;height:1.6rem;min-height:0;margin:.1rem 0 0;flex:none}',
  '.hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}',
  '.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}',
  '.count{font-size:1.25rem;font-weight:700}',
].join('');
