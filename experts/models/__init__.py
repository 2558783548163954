from .pages import ArticlePage, ExpertSectionPage, ExpertsIndexPage
from .profiles import ExpertFollow, ExpertProfile, ProfileEvent, TopicTeam
from .routing import RoutedQuestion

__all__ = [
    "ArticlePage",
    "ExpertFollow",
    "ExpertProfile",
    "ExpertSectionPage",
    "ExpertsIndexPage",
    "ProfileEvent",
    "RoutedQuestion",
    "TopicTeam",
]
