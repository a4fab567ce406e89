"""The permission sweep's records of this app (see atrium/testing/sweep.py): a customer of sales2 with a
contact and a follow-up, and a lead, all sales2's."""

from django.utils import timezone

from atrium.customers.models import Contact, Customer, FollowUp, Lead
from atrium.testing.sweep import record_maker, url_argument


@record_maker("customer")
def _customer(world):
    return Customer.objects.create(
        name="华景家园张先生", owner=world.personas.sales2, owned_since=timezone.now()
    )


@record_maker("contact")
def _contact(world):
    return Contact.objects.create(customer=world.records["customer"], name="张先生")


@record_maker("lead")
def _lead(world):
    return Lead.objects.create(name="锦绣花园钱女士", owner=world.personas.sales2)


@record_maker("followup")
def _followup(world):
    return FollowUp.objects.create(
        customer=world.records["customer"], owner=world.personas.sales2, happened_at=timezone.now()
    )


url_argument("customer_id", record="customer")
url_argument("contact_id", record="contact")
url_argument("lead_id", record="lead")
url_argument("followup_id", record="followup")
