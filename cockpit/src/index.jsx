// Entry point: styles, theme, session, app.
import "@patternfly/patternfly/patternfly-base.css";
import "./app.css";

import { createRoot } from "react-dom/client";

import { App } from "./app.jsx";
import { followCockpitTheme } from "./theme.js";
import { SessionProvider, fetchSession } from "./session.jsx";

followCockpitTheme();
const first = fetchSession();
document.addEventListener("DOMContentLoaded", () => {
    createRoot(document.getElementById("app")).render(
        <SessionProvider first={first}>
            <App />
        </SessionProvider>);
});
