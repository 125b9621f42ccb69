from django.urls import path

from . import affairs_views, views_appraisal, views_dues, views_recruitment, views_transfers

app_name = "affairs"

urlpatterns = [
    path("", affairs_views.hub, name="hub"),
    # 发展党员
    path("recruitment/", views_recruitment.recruitment_list, name="recruitment_list"),
    path(
        "recruitment/new/<int:branch_pk>/",
        views_recruitment.applicant_create,
        name="applicant_create",
    ),
    path("recruitment/<int:pk>/", views_recruitment.applicant_detail, name="applicant_detail"),
    path(
        "recruitment/<int:pk>/account/",
        views_recruitment.applicant_account,
        name="applicant_account",
    ),
    path(
        "recruitment/records/<int:pk>/correct/",
        views_recruitment.record_correct,
        name="record_correct",
    ),
    path(
        "recruitment/records/<int:pk>/withdraw/",
        views_recruitment.record_withdraw,
        name="record_withdraw",
    ),
    path(
        "recruitment/records/<int:pk>/document/",
        views_recruitment.record_document,
        name="record_document",
    ),
    # 党费
    path("dues/", views_dues.dues_home, name="dues_home"),
    path("dues/branches/<int:pk>/", views_dues.dues_ledger, name="dues_ledger"),
    path("dues/branches/<int:pk>/export/", views_dues.dues_export, name="dues_export"),
    path("dues/members/<int:pk>/", views_dues.member_dues, name="member_dues"),
    path("dues/members/<int:pk>/declare/", views_dues.dues_declare, name="dues_declare"),
    path("dues/members/<int:pk>/pay/", views_dues.dues_pay, name="dues_pay"),
    path("dues/payments/<int:pk>/reverse/", views_dues.payment_reverse, name="payment_reverse"),
    # 组织关系转接
    path("transfers/", views_transfers.transfer_list, name="transfer_list"),
    path("transfers/new/", views_transfers.transfer_pick, name="transfer_pick"),
    path("transfers/new/<int:member_pk>/", views_transfers.transfer_create, name="transfer_create"),
    path("transfers/<int:pk>/", views_transfers.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/<slug:to>/", views_transfers.transfer_decide, name="transfer_decide"),
    # 民主评议党员
    path("appraisals/", views_appraisal.appraisal_list, name="appraisal_list"),
    path("appraisals/open/<int:branch_pk>/", views_appraisal.appraisal_open, name="appraisal_open"),
    path("appraisals/<int:pk>/", views_appraisal.appraisal_detail, name="appraisal_detail"),
    path("appraisals/<int:pk>/ballot/", views_appraisal.ballot, name="ballot"),
    path("appraisals/<int:pk>/<slug:to>/", views_appraisal.appraisal_step, name="appraisal_step"),
]
