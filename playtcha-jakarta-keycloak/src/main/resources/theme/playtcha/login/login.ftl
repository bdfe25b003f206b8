<#-- The username and password form of keycloak.v2, with the parent's own macros, and Playtcha's widget inside the
     form when the authenticator playtcha-login-form says the next attempt needs a token. Kept to the fields that
     Keycloak 26.7's form posts (username, password, rememberMe, credentialId); see docs/keycloak.md, "The theme". -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "social-providers.ftl" as identityProviders>
<#import "passkeys.ftl" as passkeys>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('username','password') displayInfo=realm.password && realm.registrationAllowed && !registrationDisabled??; section>
  <#if section = "header">
    ${msg("loginAccountTitle")}
  <#elseif section = "form">
    <div id="kc-form">
      <div id="kc-form-wrapper">
        <#if realm.password>
          <form id="kc-form-login" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#assign showName = !usernameHidden??>
            <#if showName>
              <#assign nameLabel><#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if></#assign>
              <@field.input name="username" label=nameLabel error=messagesPerField.getFirstError('username','password') autofocus=true autocomplete="username" value=login.username!'' />
            </#if>
            <@field.password name="password" label=msg("password") error="" forgotPassword=realm.resetPasswordAllowed autofocus=!showName autocomplete="current-password">
              <#if realm.rememberMe && showName>
                <@field.checkbox name="rememberMe" label=msg("rememberMe") value=login.rememberMe?? />
              </#if>
            </@field.password>
            <input type="hidden" id="id-hidden-input" name="credentialId" <#if auth.selectedCredential?has_content>value="${auth.selectedCredential}"</#if>/>
            <#if playtchaNeedsToken?? && playtchaNeedsToken>
              <div id="playtcha-widget" class="${properties.kcFormGroupClass!}">${playtchaWidget?no_esc}</div>
            </#if>
            <@buttons.loginButton />
          </form>
        </#if>
      </div>
    </div>
    <@passkeys.conditionalUIData />
  <#elseif section = "socialProviders">
    <#if realm.password && social.providers?? && social.providers?has_content>
      <@identityProviders.show social=social/>
    </#if>
  <#elseif section = "info">
    <#if realm.password && realm.registrationAllowed && !registrationDisabled??>
      <div id="kc-registration-container"><div id="kc-registration">
        <span>${msg("noAccount")} <a href="${url.registrationUrl}">${msg("doRegister")}</a></span>
      </div></div>
    </#if>
  </#if>
</@layout.registrationLayout>
