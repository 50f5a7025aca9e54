from django.core.management.base import BaseCommand

from netwizard.inventory.demo import DEMO_ADMIN, demo_admin_ensure, demo_load


class Command(BaseCommand):
    help = "Load the demo inventory (two Proxmox hosts and an LACP switch) and a demo admin user. Idempotent."

    def handle(self, *args, **options):
        for line in demo_load():
            self.stdout.write(line)
        password = demo_admin_ensure()
        if password:
            self.stdout.write(self.style.SUCCESS(f"Log in as {DEMO_ADMIN} with password {password}"))
            self.stdout.write("(shown only now; change it with: python manage.py changepassword " + DEMO_ADMIN + ")")
        else:
            self.stdout.write(
                f"User {DEMO_ADMIN} already exists; set a new password with: "
                f"python manage.py changepassword {DEMO_ADMIN}"
            )
