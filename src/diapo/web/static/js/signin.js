// Signing in to a registered account from the projects sheet: another device (or a browser
// whose storage was cleared) gets back every project the account has, anonymous ones included.

import { ApiError } from "./api.js";
import { language, t } from "./i18n.js";

export class SignIn {
  /** `onSignedIn()` runs once the page holds the account's token. */
  constructor({ api, form, email, password, error, register, onSignedIn }) {
    Object.assign(this, { api, form, email, password, error, register, onSignedIn });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  /** Show the register link only while the account is anonymous and has one. */
  draw() {
    this.register.hidden = !this.api.registerUrl;
    if (this.api.registerUrl) this.register.href = this.api.registerUrl;
  }

  async submit() {
    const button = this.form.querySelector("button[type=submit]");
    button.disabled = true;
    this.error.hidden = true;
    try {
      await this.api.login(this.email.value.trim(), this.password.value, language());
      this.password.value = "";
      this.draw();
      await this.onSignedIn();
    } catch (err) {
      // The server says "wrong email or password" in the page's language (Accept-Language).
      const known = err instanceof ApiError && err.code !== 0;
      this.error.textContent = known ? err.message : t("networkError");
      this.error.hidden = false;
    } finally {
      button.disabled = false;
    }
  }
}
