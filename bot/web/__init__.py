"""The web app on port 8000: storefront page and chat endpoint (console comes later)."""
