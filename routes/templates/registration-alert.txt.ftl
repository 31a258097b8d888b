<#-- Plain-text body of the registration alert. Fields: see routes/flows/registrations-to-email.camel.yaml -->
<#list events as registration>
<#if registration.type == "contact.webinar.registered">
${registration.email} registered for the webinar ${registration.webinar} (starts ${registration.starts_at}).
<#else>
${registration.email} enrolled in ${registration.course} on ${registration.date}.
</#if>
</#list>
