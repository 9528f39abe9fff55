// Cockpit's base1/cockpit.js is loaded by index.html as a global; importing
// it from here keeps every other module free of window globals.
const cockpit = window.cockpit;

export default cockpit;

// Every user-visible string goes through gettext, so Cockpit's translation
// machinery can pick it up.
export const _ = cockpit.gettext;
