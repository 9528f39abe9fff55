// Follow Cockpit's light/dark choice. The shell stores it in localStorage
// ("shell:style": auto, light or dark) and tells frames about changes with a
// "cockpit-style" event or, across windows, a storage event. Cockpit 287's
// own pages set PatternFly 4's class; this plugin uses PatternFly 6, whose
// dark theme hangs off pf-v6-theme-dark on <html>.
const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

function apply(style) {
    const choice = style || localStorage.getItem("shell:style") || "auto";
    const dark = choice === "dark" || (choice === "auto" && darkQuery.matches);
    document.documentElement.classList.toggle("pf-v6-theme-dark", dark);
}

export function followCockpitTheme() {
    window.addEventListener("storage", ev => {
        if (ev.key === "shell:style")
            apply();
    });
    window.addEventListener("cockpit-style", ev => apply(ev.detail.style));
    darkQuery.addEventListener("change", () => apply());
    apply();
}
