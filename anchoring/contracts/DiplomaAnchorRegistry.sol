// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Public anchors of the diploma ledger's Merkle roots
/// @notice The Ministry's anchoring key records, for each anchoring period, the Merkle root of the
/// diploma events committed on Fabric in a block range, and the document hashes revoked in a period.
/// Fabric stays the authority; this contract is a second, independent proof that anyone can read.
/// @dev Period ids start at 1 (0 means "none" in every view) and strictly increase, gaps allowed.
/// Anchoring or revoking again what is already recorded does nothing and does not revert, so a
/// worker that crashed after sending can simply resend.
contract DiplomaAnchorRegistry is AccessControl {
    /// @notice The role of the Ministry's anchoring key (a worker's hot key): may anchor and revoke.
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    /// @notice What is recorded for an anchored root.
    /// @dev Field order packs it into two slots: 8+8+8+4 bytes, then 8+8 bytes.
    struct Anchor {
        uint64 periodId;
        uint64 firstBlock; // first Fabric block of the period
        uint64 lastBlock; // last Fabric block of the period (inclusive)
        uint32 leafCount;
        uint64 anchoredAt; // block.timestamp of the anchoring transaction
        uint64 blockNumber; // block.number of the anchoring transaction
    }

    mapping(bytes32 root => Anchor) private _anchors;
    mapping(uint64 periodId => bytes32 root) private _roots;
    mapping(bytes32 documentHash => uint64 periodId) private _revokedIn;

    /// @notice The highest period id anchored so far (0 before the first anchor).
    uint64 public lastPeriodId;

    /// @notice A period's root was recorded.
    event RootAnchored(uint64 indexed periodId, bytes32 indexed root, uint64 firstBlock, uint64 lastBlock, uint32 leafCount);
    /// @notice A document hash was recorded as revoked in an anchored period.
    event DocumentRevoked(bytes32 indexed documentHash, uint64 indexed periodId);
    /// @notice The anchoring key was replaced in one call.
    event AnchorerRotated(address indexed oldKey, address indexed newKey);

    error ZeroAddress();
    error ZeroRoot();
    error ZeroDocumentHash();
    error EmptyPeriod();
    error InvalidBlockRange(uint64 firstBlock, uint64 lastBlock);
    /// @dev The period is anchored with another root or block range.
    error PeriodConflict(uint64 periodId, bytes32 anchoredRoot);
    error PeriodNotIncreasing(uint64 periodId, uint64 lastPeriodId);
    error RootAlreadyAnchored(bytes32 root, uint64 periodId);
    error PeriodNotAnchored(uint64 periodId);
    error NotAnchorer(address account);
    error SameAnchorer(address account);

    /// @notice Deploys the registry with the Ministry's governance key and its first anchoring key.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE: grants, revokes and rotates the anchoring key.
    /// @param anchorer Holder of ANCHORER_ROLE.
    constructor(address admin, address anchorer) {
        if (admin == address(0) || anchorer == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ANCHORER_ROLE, anchorer);
    }

    /// @notice Records `root` as the Merkle root of period `periodId`, covering Fabric blocks
    /// `firstBlock`..`lastBlock` (inclusive) and `leafCount` leaves. Emits {RootAnchored}.
    /// @dev Resending exactly what is recorded for `periodId` returns without an event. Reverts on a
    /// zero root, an empty period, lastBlock < firstBlock, another root or range for a recorded
    /// period ({PeriodConflict}), a new period id not above {lastPeriodId}, or a root already
    /// recorded for another period.
    /// @param periodId The period's id, above every id anchored before (unless resending).
    /// @param root The period's Merkle root.
    /// @param firstBlock First Fabric block of the period.
    /// @param lastBlock Last Fabric block of the period, inclusive.
    /// @param leafCount Number of leaves in the period's tree.
    function anchor(uint64 periodId, bytes32 root, uint64 firstBlock, uint64 lastBlock, uint32 leafCount)
        external
        onlyRole(ANCHORER_ROLE)
    {
        if (root == bytes32(0)) revert ZeroRoot();
        if (lastBlock < firstBlock) revert InvalidBlockRange(firstBlock, lastBlock);
        if (leafCount == 0) revert EmptyPeriod(); // an empty period anchors nothing

        bytes32 anchored = _roots[periodId];
        if (anchored != bytes32(0)) {
            Anchor storage a = _anchors[anchored];
            if (anchored == root && a.firstBlock == firstBlock && a.lastBlock == lastBlock && a.leafCount == leafCount) {
                return; // a retry of what is already recorded
            }
            revert PeriodConflict(periodId, anchored);
        }
        uint64 last = lastPeriodId;
        if (periodId <= last) revert PeriodNotIncreasing(periodId, last);
        uint64 other = _anchors[root].periodId;
        if (other != 0) revert RootAlreadyAnchored(root, other);

        _anchors[root] = Anchor(periodId, firstBlock, lastBlock, leafCount, uint64(block.timestamp), uint64(block.number));
        _roots[periodId] = root;
        lastPeriodId = periodId;
        emit RootAnchored(periodId, root, firstBlock, lastBlock, leafCount);
    }

    /// @notice Records each of `documentHashes` as revoked in the anchored period `periodId`,
    /// emitting {DocumentRevoked} for each newly revoked hash.
    /// @dev A hash already revoked (in any period) is skipped without an event, so a batch can be
    /// resent. A hash may also be an inner node or a root: the verifier checks every hash on a proof.
    /// Batch size is bounded by the block gas limit (about 23k gas per new hash).
    /// @param documentHashes The hashes to revoke; none may be zero.
    /// @param periodId An anchored period: the one whose tree holds the revocation events.
    function revoke(bytes32[] calldata documentHashes, uint64 periodId) external onlyRole(ANCHORER_ROLE) {
        if (_roots[periodId] == bytes32(0)) revert PeriodNotAnchored(periodId);
        for (uint256 i = 0; i < documentHashes.length; ++i) {
            bytes32 h = documentHashes[i];
            if (h == bytes32(0)) revert ZeroDocumentHash();
            if (_revokedIn[h] != 0) continue; // already revoked: keep the first period
            _revokedIn[h] = periodId;
            emit DocumentRevoked(h, periodId);
        }
    }

    /// @notice Replaces the anchoring key `oldKey` by `newKey` in one transaction. Emits
    /// {AnchorerRotated} (and AccessControl's RoleRevoked and RoleGranted).
    /// @param oldKey A current holder of ANCHORER_ROLE; loses it.
    /// @param newKey The new anchoring key; gains ANCHORER_ROLE.
    function rotateAnchorer(address oldKey, address newKey) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newKey == address(0)) revert ZeroAddress();
        if (newKey == oldKey) revert SameAnchorer(newKey);
        if (!hasRole(ANCHORER_ROLE, oldKey)) revert NotAnchorer(oldKey);
        _revokeRole(ANCHORER_ROLE, oldKey);
        _grantRole(ANCHORER_ROLE, newKey);
        emit AnchorerRotated(oldKey, newKey);
    }

    /// @notice The anchor recorded for `root`; every field is 0 when it is not anchored.
    /// @param root A Merkle root.
    /// @return The period id, Fabric block range, leaf count, timestamp and block number.
    function anchorOf(bytes32 root) external view returns (Anchor memory) {
        return _anchors[root];
    }

    /// @notice The period in which `root` was anchored, 0 when it is not anchored.
    /// @param root A Merkle root.
    /// @return The period id.
    function periodOf(bytes32 root) external view returns (uint64) {
        return _anchors[root].periodId;
    }

    /// @notice The root anchored for `periodId`, zero when none.
    /// @param periodId A period id.
    /// @return The Merkle root.
    function rootOf(uint64 periodId) external view returns (bytes32) {
        return _roots[periodId];
    }

    /// @notice Whether `root` is anchored.
    /// @param root A Merkle root.
    /// @return True when anchored.
    function isAnchored(bytes32 root) external view returns (bool) {
        return _anchors[root].periodId != 0;
    }

    /// @notice The period in which `documentHash` was revoked, 0 when it is not revoked.
    /// @param documentHash A document hash (or any node of a proof).
    /// @return The period id.
    function revokedIn(bytes32 documentHash) external view returns (uint64) {
        return _revokedIn[documentHash];
    }

    /// @notice Whether `documentHash` is recorded as revoked.
    /// @param documentHash A document hash (or any node of a proof).
    /// @return True when revoked.
    function isRevoked(bytes32 documentHash) external view returns (bool) {
        return _revokedIn[documentHash] != 0;
    }
}
