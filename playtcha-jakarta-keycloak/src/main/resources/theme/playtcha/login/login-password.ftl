<#-- The password page of keycloak.v2 (the page after the username page), with the parent's own macros, and Playtcha's
     widget inside the form when the authenticator playtcha-password-form says the next attempt needs a token. Kept to
     the field Keycloak 26.7's password page posts (password); see docs/keycloak.md, "The username form, then the
     password form". -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "passkeys.ftl" as passkeys>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('password'); section>
  <#if section = "header">
    ${msg("doLogIn")}
  <#elseif section = "form">
    <div id="kc-form">
      <div id="kc-form-wrapper">
        <form id="kc-form-login" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;" action="${url.loginAction}" method="post">
          <@field.password name="password" label=msg("password") forgotPassword=realm.resetPasswordAllowed autofocus=true autocomplete="current-password" />
          <#if playtchaNeedsToken?? && playtchaNeedsToken>
            <div id="playtcha-widget" class="${properties.kcFormGroupClass!}">${playtchaWidget?no_esc}</div>
          </#if>
          <@buttons.loginButton />
        </form>
      </div>
    </div>
    <@passkeys.conditionalUIData />
  </#if>
</@layout.registrationLayout>
