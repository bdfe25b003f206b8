package com.playtcha.jakarta.it.app;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

/**
 * The backing bean of the Faces scenario's sign-up form. Its action insists on a verdict from the
 * filter (docs/faces.md, way 3): a partial request the filter let through unverified is refused.
 */
@Named("signup")
@RequestScoped
public class FacesSignup {

    private String email;
    private String result = "none";

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getResult() {
        return result;
    }

    public String submit() {
        Object outcome = FacesContext.getCurrentInstance().getExternalContext().getRequestMap().get("com.playtcha.outcome");
        result = outcome == null ? "refused-no-verdict" : "submitted-" + outcome;
        return null;
    }
}
