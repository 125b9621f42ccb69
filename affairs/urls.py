"""The party affairs' URLs (namespace `affairs`): the hub and its four areas."""

from django.urls import path

from . import views
from .appraisal import views as appraisal
from .dues import views as dues
from .recruitment import views as recruitment
from .talks import views as talks
from .transfers import views as transfers

app_name = "affairs"

urlpatterns = [
    path("", views.hub, name="hub"),
    # 发展党员
    path("recruitment/", recruitment.recruitment_list, name="recruitment_list"),
    path("recruitment/plan/", recruitment.recruitment_plan, name="recruitment_plan"),
    path(
        "recruitment/new/<int:branch_pk>/",
        recruitment.applicant_create,
        name="applicant_create",
    ),
    path("recruitment/<int:pk>/", recruitment.applicant_detail, name="applicant_detail"),
    path(
        "recruitment/<int:pk>/account/",
        recruitment.applicant_account,
        name="applicant_account",
    ),
    path(
        "recruitment/records/<int:pk>/correct/",
        recruitment.record_correct,
        name="record_correct",
    ),
    path(
        "recruitment/records/<int:pk>/withdraw/",
        recruitment.record_withdraw,
        name="record_withdraw",
    ),
    path(
        "recruitment/records/<int:pk>/document/",
        recruitment.record_document,
        name="record_document",
    ),
    # 党费
    path("dues/", dues.dues_home, name="dues_home"),
    path("dues/branches/<int:pk>/", dues.dues_ledger, name="dues_ledger"),
    path("dues/branches/<int:pk>/export/", dues.dues_export, name="dues_export"),
    path("dues/members/<int:pk>/", dues.member_dues, name="member_dues"),
    path("dues/members/<int:pk>/declare/", dues.dues_declare, name="dues_declare"),
    path("dues/members/<int:pk>/pay/", dues.dues_pay, name="dues_pay"),
    path("dues/payments/<int:pk>/reverse/", dues.payment_reverse, name="payment_reverse"),
    # 组织关系转接
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/new/", transfers.transfer_pick, name="transfer_pick"),
    path("transfers/new/<int:member_pk>/", transfers.transfer_create, name="transfer_create"),
    path("transfers/receive/", transfers.member_receive, name="member_receive"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/receipt/", transfers.transfer_receipt, name="transfer_receipt"),
    path("transfers/<int:pk>/<slug:to>/", transfers.transfer_decide, name="transfer_decide"),
    # 谈心谈话
    path("talks/", talks.talk_list, name="talk_list"),
    path("talks/branches/<int:pk>/", talks.branch_talks, name="branch_talks"),
    # 民主评议党员
    path("appraisals/", appraisal.appraisal_list, name="appraisal_list"),
    path("appraisals/open/<int:branch_pk>/", appraisal.appraisal_open, name="appraisal_open"),
    path("appraisals/<int:pk>/", appraisal.appraisal_detail, name="appraisal_detail"),
    path("appraisals/<int:pk>/ballot/", appraisal.ballot, name="ballot"),
    path("appraisals/<int:pk>/<slug:to>/", appraisal.appraisal_step, name="appraisal_step"),
]
