<#-- The forgot-password form of keycloak.v2 (the user name or e-mail to send a reset link to), with the parent's own
     macros, and Playtcha's widget inside the form: the authenticator playtcha-forgot-password-form asks for a
     token on every post. Follows keycloak.v2's login-reset-password.ftl of Keycloak 26.7; see docs/keycloak.md,
     "Forgot password". -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('username'); section>
  <#if section = "header">
    ${msg("emailForgotTitle")}
  <#elseif section = "form">
    <form id="kc-reset-password-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <#assign nameLabel><#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if></#assign>
      <@field.input name="username" label=nameLabel value=auth.attemptedUsername!'' autofocus=true />
      <#if playtchaNeedsToken?? && playtchaNeedsToken>
        <div id="playtcha-widget" class="${properties.kcFormGroupClass!}">${playtchaWidget?no_esc}</div>
      </#if>
      <@buttons.actionGroup>
        <@buttons.button id="kc-form-buttons" label="doSubmit"/>
        <@buttons.buttonLink href=url.loginUrl label="backToLogin"/>
      </@buttons.actionGroup>
    </form>
  <#elseif section = "info">
    <span class="${properties.kcLoginMainFooterHelperText!}">
      <#if realm.duplicateEmailsAllowed>${msg("emailInstructionUsername")}<#else>${msg("emailInstruction")}</#if>
    </span>
  </#if>
</@layout.registrationLayout>
