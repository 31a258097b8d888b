<#-- Subject of the registration alert. Fields: see routes/flows/registrations-to-email.camel.yaml -->
<#if count == 1><#if event.type == "contact.webinar.registered">New webinar registration: ${event.webinar}, ${event.email}<#else>New enrolment: ${event.course}, ${event.email}</#if><#else>${count} new registrations</#if>
