// Entry point: first requests, styles, theme, session, app.
import { firstSession } from "./first.js"; // first: see there why
import "@patternfly/patternfly/patternfly-base.css";
import "./app.css";

import { createRoot } from "react-dom/client";

import { App } from "./app.jsx";
import { followCockpitTheme } from "./theme.js";
import { SessionProvider } from "./session.jsx";

followCockpitTheme();
document.addEventListener("DOMContentLoaded", () => {
    createRoot(document.getElementById("app")).render(
        <SessionProvider first={firstSession}>
            <App />
        </SessionProvider>);
});
