def test_home_page_and_admin_login_are_served(client, db):
    assert client.get("/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
