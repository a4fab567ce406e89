from atrium.core.kinds import RecordKind, register_kind

MEMO = register_kind(RecordKind(key="memo", label="Memo", model="testing.Memo"))
