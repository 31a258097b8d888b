<#-- Plain-text body of the sale alert. Fields: see routes/flows/sales-to-email.camel.yaml -->
<#list events as sale>
New sale on ${sale.date}

Offer:    ${sale.offer}
Amount:   ${sale.amount} ${sale.currency}
Customer: ${sale.first_name} ${sale.surname} <${sale.email}>
Order:    ${sale.order_id}
Funnel:   ${sale.funnel}
<#sep>

</#sep>
</#list>
