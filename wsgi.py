from cocreatie import create_app

app = create_app()
