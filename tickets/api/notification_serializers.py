from rest_framework import serializers


class NotificationRecipientOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    event_label = serializers.CharField(source="get_event_display")
    recipient = NotificationRecipientOut()
    address = serializers.EmailField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    last_error = serializers.CharField()
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
