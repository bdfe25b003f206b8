<#-- The registration form of keycloak.v2, with the parent's own macros, and Playtcha's widget inside the form: the
     form action playtcha-registration-action asks for a token on every registration. Follows keycloak.v2's
     register.ftl of Keycloak 26.7 (the user profile's fields, the passwords, the terms, reCAPTCHA if a realm still
     has it on); see docs/keycloak.md, "Registration". -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "user-profile-commons.ftl" as userProfileCommons>
<#import "register-commons.ftl" as registerCommons>
<#import "password-validation.ftl" as validator>
<@layout.registrationLayout displayMessage=messagesPerField.exists('global') displayRequiredFields=true; section>
  <#if section = "header">
    <#if messageHeader??>${msg(messageHeader)}<#else>${msg("registerTitle")}</#if>
  <#elseif section = "form">
    <form id="kc-register-form" class="${properties.kcFormClass!}" action="${url.registrationAction}" method="post" novalidate="novalidate">
      <@userProfileCommons.userProfileFormFields; callback, attribute>
        <#if callback = "afterField" && passwordRequired?? && (attribute.name == 'username' || (attribute.name == 'email' && realm.registrationEmailAsUsername))>
          <@field.password name="password" required=true label=msg("password") autocomplete="new-password" />
          <@field.password name="password-confirm" required=true label=msg("passwordConfirm") autocomplete="new-password" />
        </#if>
      </@userProfileCommons.userProfileFormFields>
      <@registerCommons.termsAcceptance/>
      <#if recaptchaRequired?? && (recaptchaVisible!false)>
        <div class="form-group"><div class="${properties.kcInputWrapperClass!}">
          <div class="g-recaptcha" data-size="compact" data-sitekey="${recaptchaSiteKey}" data-action="${recaptchaAction}"></div>
        </div></div>
      </#if>
      <#if playtchaNeedsToken?? && playtchaNeedsToken>
        <div id="playtcha-widget" class="${properties.kcFormGroupClass!}">${playtchaWidget?no_esc}</div>
      </#if>
      <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
        <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}" type="submit" value="${msg("doRegister")}"/>
      </div>
      <div class="${properties.kcFormGroupClass!} pf-v5-c-login__main-footer-band">
        <div id="kc-form-options" class="${properties.kcFormOptionsClass!} pf-v5-c-login__main-footer-band-item">
          <div class="${properties.kcFormOptionsWrapperClass!}"><span><a href="${url.loginUrl}">${msg("backToLogin")}</a></span></div>
        </div>
      </div>
    </form>
    <@validator.templates/>
    <@validator.script field="password"/>
  </#if>
</@layout.registrationLayout>
