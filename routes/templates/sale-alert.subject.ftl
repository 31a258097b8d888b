<#-- Subject of the sale alert (one line; a digest lists several sales). Fields: see routes/flows/sales-to-email.camel.yaml -->
<#if count == 1>New sale: ${event.amount} ${event.currency}, ${event.offer}, ${event.email}<#else>${count} new sales: <#list events as sale>${sale.amount} ${sale.currency}<#sep>, </#sep></#list></#if>
