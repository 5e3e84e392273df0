"""Agencies (the region's tree of governments, departments and offices) and the staff roles held in them.

Rows are written only by `gongkai.web.agencies.services` (agency_upsert, agencies_import, membership_grant,
membership_revoke); the admin, the CLI and the demo loader call those, so every write is validated the same
way (codes, levels, no cycle in the tree).

Superusers administer the site (agencies, accounts, memberships) but are not agency staff: being a superuser
grants no role, so it opens no applicant's personal data. Whoever must handle applications needs a
Membership like everyone else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

# The roles and which of them see applicants' personal data have one home, gongkai.core.roles (re-exported
# here for the web layer). The supervisor is not a staff role: it sees aggregated figures only.
from gongkai.core.applications.jurisdiction import TIERS, Organ, ReviewBody, derive_reconsideration_body
from gongkai.core.errors import InvalidApplication
from gongkai.core.registry.codes import normalise_org_code
from gongkai.core.roles import ROLES, STAFF_ROLES  # noqa: F401

LEVELS = {
    "region": "地区",
    "government": "人民政府",
    "department": "部门",
    "office": "派出机构/内设机构",
}



class Agency(models.Model):
    code = models.CharField("代码", max_length=32, unique=True, help_text="字母、数字或连字符（-），最长 32 个字符")
    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=64, blank=True)
    level = models.CharField("级别", max_length=16, choices=list(LEVELS.items()))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级机关",
    )
    tier = models.CharField("行政层级", max_length=16, blank=True, choices=list(TIERS.items()),
                            help_text="省级人民政府、国务院部门自行管辖对本机关行政行为的行政复议（行政复议法第二十四、二十五条）")
    # Empty = derived from the tree (see `reconsideration`); set it for vertically managed organs (复议法 art. 27).
    reconsideration_body = models.CharField(
        "复议机关", max_length=200, blank=True,
        help_text="留空则按《行政复议法》第二十四、二十五条由机关树推定；垂直管理机关（第二十七条）请填写上一级主管部门",
    )
    court = models.CharField("管辖法院", max_length=200, blank=True)
    # The disclosure office's contact, printed on letters (and given to applicants sent here by another organ).
    address = models.CharField("地址", max_length=300, blank=True)
    phone = models.CharField("电话", max_length=64, blank=True)
    email = models.CharField("电子邮箱", max_length=254, blank=True)
    # The code that prefixes the agency's 索引号 (gongkai.core.registry.index_no): the 统一社会信用代码, or the
    # older 组织机构代码 for an agency that has none yet. Stored normalised (upper case, no spaces or hyphen);
    # the USCC is unique when set (constraint below), both are checksum-verified and the organisation code
    # is unique too (services.agency_upsert / agencies_import).
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True,
                            help_text="18 位，校验位须正确；用作索引号的前缀")
    org_code = models.CharField("组织机构代码", max_length=10, blank=True,
                                help_text="9 位（如 12345678-9），未取得统一社会信用代码时填写；保存时去掉连字符")
    # What the 政府信息公开指南 (条例 art. 12) states about the office besides address, phone and e-mail.
    office_name = models.CharField("政府信息公开工作机构名称", max_length=200, blank=True,
                                   help_text="留空则为：人民政府的办公室，部门和其他机关为机关自身")
    office_hours = models.CharField("办公时间", max_length=200, blank=True,
                                    help_text="如：工作日 上午 9:00—12:00，下午 13:30—17:00")
    fax = models.CharField("传真", max_length=64, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True, help_text="6 位数字")
    website = models.CharField("网站", max_length=300, blank=True, help_text="以 http:// 或 https:// 开头")
    sort = models.IntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    # Four-eyes for the annual report: the person who built a version may not approve it. On by default; a
    # one-person office turns it off (the approval is then still recorded with its name).
    report_four_eyes = models.BooleanField(
        "年度报告须由生成人以外的人员审核", default=True,
        help_text="勾选后，年度报告由谁生成（或重新生成），谁就不能审核通过该版本，须由本机关其他审核人或机关管理员审核",
    )

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["sort", "code"]
        indexes = [models.Index(fields=["parent", "sort", "code"], name="agency_parent")]
        # `code` is indexed by its unique constraint; `uscc` by its partial one (many agencies have none yet).
        constraints = [models.UniqueConstraint(fields=["uscc"], condition=~models.Q(uscc=""),
                                               name="agency_uscc_unique",
                                               violation_error_message="统一社会信用代码已被其他机关使用")]

    def __str__(self) -> str:
        return self.name

    @property
    def index_code(self) -> str:
        """The prefix of this agency's 索引号, or "" when it has neither code."""
        return self.uscc.strip().upper() or normalise_org_code(self.org_code)

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, self.level)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    # --- what letters print -------------------------------------------------------------------------------

    def reconsideration(self) -> ReviewBody:
        """Who reviews this agency's acts, and why: the explicit setting (vertically managed organs, art. 27),
        else derived from the tree by the 2023 行政复议法 (gongkai.core.applications.jurisdiction).
        InvalidApplication, with a Chinese message, when neither names one."""
        if self.reconsideration_body.strip():
            return ReviewBody(self.reconsideration_body.strip(), "机关设置中填写")
        ancestors, area_governments, seen = [], [], {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            ancestors.append(Organ(node.name, node.level, node.tier))
            own = None
            if node.level == "region":
                own = node.children.filter(level="government").order_by("sort", "code").first()
            area_governments.append(Organ(own.name, own.level, own.tier) if own else Organ("", ""))
            node = node.parent
        return derive_reconsideration_body(Organ(self.name, self.level, self.tier), ancestors, area_governments)

    @property
    def reconsideration_body_effective(self) -> str:
        """The reviewing body's name, or "" when it cannot be determined (the settings page says why)."""
        try:
            return self.reconsideration().name
        except InvalidApplication:
            return ""

    @property
    def disclosure_office_name(self) -> str:
        """Who answers for the agency: a government's disclosure work is done by its general office
        (××人民政府办公室); a department or office answers itself."""
        if self.level == "government" and not self.name.endswith("办公室"):
            return f"{self.name}办公室"
        return self.name

    @property
    def office_name_effective(self) -> str:
        """The disclosure office as the 政府信息公开指南 names it: the setting, else `disclosure_office_name`."""
        return self.office_name.strip() or self.disclosure_office_name

    @property
    def contact_line(self) -> str:
        """One line of contact details for letters, e.g. for 非本机关政府信息告知书 naming this organ."""
        parts = [f"地址：{self.address}" if self.address else "", f"电话：{self.phone}" if self.phone else "",
                 f"电子邮箱：{self.email}" if self.email else ""]
        return "；".join(p for p in parts if p)


class Membership(models.Model):
    """A role a user holds in an agency. One row per (user, agency, role)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships",
                             verbose_name="用户")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name="机关")
    role = models.CharField("角色", max_length=16, choices=list(ROLES.items()))
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="授予人")

    class Meta:
        verbose_name = "岗位角色"
        verbose_name_plural = "岗位角色"
        ordering = ["agency__code", "user__username", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")]
        indexes = [models.Index(fields=["agency", "role"], name="membership_agency_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {ROLES.get(self.role, self.role)}"
