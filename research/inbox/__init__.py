"""The portal's messages to people: the e-mail outbox with its retries, each person's inbox, and
each person's to-do list drawn from what is actually pending."""
