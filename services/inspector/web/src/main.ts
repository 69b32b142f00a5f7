import { h } from "./dom.js";
import { showFeed } from "./feed-view.js";
import { showModels } from "./models-view.js";

const app = document.getElementById("app")!;
const userForm = document.getElementById("user-form") as HTMLFormElement;
const userInput = document.getElementById("user-input") as HTMLInputElement;

/** Hash routes, so the server serves one page: #/users/<id>, #/models, #/. */
function route() {
  document.getElementById("explanation")?.remove();
  const [, section = "", id = ""] = window.location.hash.split("/");
  if (section === "users" && id) {
    const userId = decodeURIComponent(id);
    userInput.value = userId;
    void showFeed(app, userId);
  } else if (section === "models") {
    void showModels(app);
  } else {
    app.replaceChildren(
      h("section", { class: "home" }, h("h2", {}, "See why a user sees what they see"), h("p", {}, "Type a user id above (the demo world has u1 … u1000) to page through their feed as the app would, open any pin for the explanation of its score, or look at the models and their rollouts.")),
    );
  }
}

userForm.addEventListener("submit", (event) => {
  event.preventDefault();
  window.location.hash = `#/users/${encodeURIComponent(userInput.value.trim())}`;
});
window.addEventListener("hashchange", route);
route();
